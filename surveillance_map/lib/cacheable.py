"""A response marked `Cache-Control: public` is shared by every visitor through nginx and CDNs,
so it must carry nothing of one visitor: no Set-Cookie (the session middleware deletes a stale
session cookie on any response) and no `Vary: Cookie`, which would split or forbid caching."""

from django.utils.cache import cc_delim_re


class PublicResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" in cc_delim_re.split(response.get("Cache-Control", "")):
            response.cookies.clear()
            if response.has_header("Vary"):
                kept = [v for v in cc_delim_re.split(response["Vary"]) if v.lower() != "cookie"]
                if kept:
                    response["Vary"] = ", ".join(kept)
                else:
                    del response["Vary"]
        return response
