"""Writes for accounts: roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from tandem.accounts import choices
from tandem.accounts.models import ApiToken
from tandem.audit.services import audit_record
from tandem.core.errors import NotFound

TOKEN_PREFIX = "tdm_"


def hash_token(raw: str) -> str:
    """SHA-256 of a raw token, as stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


def roles_ensure() -> None:
    """Create the role groups if they are missing."""
    for role in choices.Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def user_role_set(*, user: Any, role: choices.Role, by: Any = None) -> Any:
    """Give `user` exactly one role."""
    roles_ensure()
    user.groups.remove(*Group.objects.filter(name__in=choices.Role.values))
    user.groups.add(Group.objects.get(name=role.value))
    audit_record(action="role_set", by=by, target=user.get_username(), detail={"role": role.value})
    return user


def user_groups_changed_record(*, user: Any, before: set[str], by: Any = None) -> None:
    """Audit a change of `user`'s groups made outside `user_role_set` (the admin site)."""
    after = set(user.groups.values_list("name", flat=True))
    if after != before:
        audit_record(
            action="role_set",
            by=by,
            target=user.get_username(),
            detail={"groups": sorted(after), "previous": sorted(before)},
        )


@transaction.atomic
def token_create(*, username: str, name: str = "", by: Any = None) -> tuple[ApiToken, str]:
    """Create a token for `username`; return it and the raw value (shown once)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound(
            f"There is no user called {username!r}.",
            code=choices.TOKEN_USER_UNKNOWN,
            field="username",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], key_hash=hash_token(raw))
    audit_record(
        action="token_create",
        by=by or user,
        target=username,
        detail={"prefix": token.prefix, "name": name},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, prefix: str, by: Any = None) -> int:
    """Revoke every active token whose prefix is `prefix`; return how many."""
    tokens = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
    if not tokens:
        raise NotFound(
            f"No active token starts with {prefix!r}.",
            code=choices.TOKEN_NOT_FOUND,
            field="prefix",
        )
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(
            action="token_revoke",
            by=by,
            target=token.user.get_username(),
            detail={"prefix": prefix},
        )
    return len(tokens)


def token_authenticate(raw: str) -> Any | None:
    """Return the active user owning raw token `raw`, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user
