"""Background jobs: long work (large exports first) runs outside the request, with progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of long work for one user; its result file is private to that user."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=200, blank=True)
    # Relative to jobs.JOBS_DIR (under the data directory, never a served folder).
    result_path = models.CharField(max_length=300, blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Touched with every progress report.
    updated_at = models.DateTimeField(auto_now=True)
    # The worker process running it (host:pid:token, exports/runner.py) and its current queue task:
    # a running job whose worker is gone fails; a queued one whose task was lost is queued again.
    worker = models.CharField(max_length=64, blank=True)
    task_id = models.CharField(max_length=36, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"]), models.Index(fields=["state"])]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"job {self.pk} {self.kind} {self.state}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class WorkerLease(models.Model):
    """A `minefree worker` process says it is alive here every few seconds (exports/worker.py).

    Workers on this machine are judged by their process id; this row judges a worker on another machine.
    """

    worker = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"worker {self.worker} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"
