"""Attach requesters' answers to their inquiries from a mailbox (Maildir or mbox).

    plaza receive-inquiry-mail /var/mail/plaza-inquiries          # a Maildir (folder)
    plaza receive-inquiry-mail /var/mail/inquiries.mbox --mbox    # an mbox file

Each message is matched by the token in the reply address or the reference in the subject
(see plaza/inquiries/mail.py). Reading the same mailbox again is safe: a message already
attached (same Message-ID) is not attached twice. In a Maildir, messages read from ``new/``
are moved to ``cur/``; with --delete, matched messages are removed from the mailbox.
"""

from __future__ import annotations

import mailbox
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plaza.inquiries import services


class Command(BaseCommand):
    help = "Attach requesters' e-mail answers (Maildir or mbox) to their inquiries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a Maildir folder or an mbox file")
        parser.add_argument("--mbox", action="store_true", help="the path is an mbox file")
        parser.add_argument(
            "--delete", action="store_true", help="remove the messages that were attached"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path}: no such mailbox")
        box: mailbox.Mailbox[Any]
        if options["mbox"] or path.is_file():
            box = mailbox.mbox(path, create=False)
        else:
            box = mailbox.Maildir(path, factory=None, create=False)
        attached = unmatched = 0
        box.lock()
        try:
            for key in list(box.keys()):
                raw = box.get_bytes(key)
                try:
                    message = services.receive_answer(raw)
                except ValidationError as exc:
                    self.stderr.write(f"{key}: {' '.join(exc.messages)}")
                    unmatched += 1
                    continue
                if message is None:
                    unmatched += 1
                    continue
                attached += 1
                if options["delete"]:
                    box.remove(key)
                elif isinstance(box, mailbox.Maildir):
                    item = box.get_message(key)
                    if item.get_subdir() == "new":
                        item.set_subdir("cur")
                        box[key] = item
            box.flush()
        finally:
            box.unlock()
            box.close()
        self.stdout.write(f"{attached} message(s) attached, {unmatched} not matched")
