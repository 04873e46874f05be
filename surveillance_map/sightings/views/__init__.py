"""Sightings pages: submission and receipts (anyone), moderation and history (moderators)."""
