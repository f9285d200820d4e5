"""Allowed signal receivers: record logins, logouts, failed logins and lockouts (no domain
logic)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tandem.audit.services import audit_record


def _address(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    audit_record(action="login", by=user, target=user.get_username(), address=_address(request))


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            action="logout", by=user, target=user.get_username(), address=_address(request)
        )


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        action="login_failed",
        target=str(credentials.get("username", ""))[:200],
        address=_address(request),
    )


@receiver(user_locked_out)
def _on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit_record(
        action="login_locked",
        target=str(username or "")[:200],
        address=ip_address or _address(request),
    )
