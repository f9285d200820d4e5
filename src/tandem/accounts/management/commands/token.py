"""`tandem token USERNAME`: print a new API token on the last line; --revoke PREFIX revokes."""

from django.core.management.base import BaseCommand, CommandError

from tandem.accounts import services
from tandem.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it on the last line "
        "(use it as 'Authorization: Bearer <token>'), or revoke tokens with --revoke PREFIX."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="The user the token acts as.")
        parser.add_argument("--name", default="", help="A label to recognise the token by.")
        parser.add_argument(
            "--revoke", metavar="PREFIX", help="Revoke tokens starting with PREFIX."
        )

    def handle(self, *args, **opts):
        try:
            if opts["revoke"]:
                count = services.token_revoke(prefix=opts["revoke"])
                self.stdout.write(f"Revoked {count} token(s) starting with {opts['revoke']}.")
                return
            if not opts["username"]:
                raise CommandError("Give a USERNAME, or --revoke PREFIX.")
            token, raw = services.token_create(username=opts["username"], name=opts["name"])
        except DomainError as err:
            raise CommandError(err.message) from err
        self.stdout.write(
            f"Token {token.prefix}… for {opts['username']} (shown once; revoke with "
            f"'tandem token --revoke {token.prefix}'):"
        )
        self.stdout.write(raw)
