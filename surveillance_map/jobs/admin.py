"""Jobs in the admin: what ran, what is running, what failed and why; failed ones can be run
again."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from surveillance_map.jobs.models import Job
from surveillance_map.jobs.runner import progress_of, requeue


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "label", "state", "attempts", "progress", "created_on", "finished_at")
    list_filter = ("state", "task")
    search_fields = ("label", "subject")
    actions = ["run_again"]
    fields = (
        "label",
        "task",
        "subject",
        "state",
        "attempts",
        "progress",
        "message",
        "result_table",
        "created_on",
        "started_at",
        "finished_at",
        "created_by",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Progress")
    def progress(self, job: Job) -> str:
        live = progress_of(job)
        total = f" of {live['total']:,}" if live.get("total") else ""
        note = f" — {live['message']}" if live.get("message") and not job.finished else ""
        return f"{live['done']:,}{total}{note}"

    @admin.display(description="Result")
    def result_table(self, job: Job) -> str:
        """The result's values; `*_url` ones as links, `rejections` as a table of its own."""
        hidden = ("rejections", "report_path")
        rows = [(k, v) for k, v in job.result.items() if k not in hidden and not k.endswith("_url")]
        html = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        links = format_html_join(
            "",
            '<p><a href="{}">{}</a></p>',
            [
                (v, k.removesuffix("_url").replace("_", " "))
                for k, v in job.result.items()
                if k.endswith("_url")
            ],
        )
        rejections = job.result.get("rejections") or []
        if rejections:
            rejected = format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rejections
            )
            rejections_html = format_html(
                "<h3>Rejected records (first {})</h3><table><tr><th>Where</th><th>Id</th>"
                "<th>Reason</th></tr>{}</table>",
                len(rejections),
                rejected,
            )
        else:
            rejections_html = ""
        if not (rows or links or rejections_html):
            return "—"
        return format_html("<table>{}</table>{}{}", html, links, rejections_html)

    @admin.action(description="Run the selected failed jobs again")
    def run_again(self, request, queryset):
        failed = list(queryset.filter(state=Job.State.FAILED))
        for job in failed:
            requeue(job)
        self.message_user(request, f"{len(failed)} job(s) queued again.", messages.SUCCESS)
