"""The development mail folder: Django's file backend, plus each email as files a person can open.

Django's file backend writes every email of one connection into a ``.log`` file of raw MIME, from
which a link had to be copied by hand. This backend keeps that file and also writes, for each email,
``<timestamp>-<n>.eml`` (the message exactly as sent, which a mail program opens) and
``<timestamp>-<n>.txt`` beside it (To, Subject and the plain-text body, so its links can be
clicked in an editor or a terminal). ``EMAIL_BACKEND=file`` chooses it (``dmath.env``).
"""

import itertools
import os

from django.core.mail.backends import filebased
from django.utils import timezone

_numbers = itertools.count(1)


class EmailBackend(filebased.EmailBackend):
    def write_message(self, message) -> None:
        super().write_message(message)
        stem = self._new_stem()
        with open(f"{stem}.eml", "wb") as eml:
            eml.write(message.message().as_bytes(linesep="\r\n"))
        with open(f"{stem}.txt", "w", encoding="utf-8") as txt:
            txt.write(f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n")

    def _new_stem(self) -> str:
        """A path without extension that no other email has taken (several workers may write at once)."""
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        while True:
            stem = os.path.join(self.file_path, f"{stamp}-{next(_numbers):04d}")
            try:  # claim the name atomically; the .eml write below reuses it
                with open(f"{stem}.eml", "xb"):
                    return stem
            except FileExistsError:
                continue
