"""Byte ranges of a file held in memory (RFC 9110 §14): Safari asks for ``bytes=0-1`` before it plays audio.

Django serves no ranges itself (``FileResponse`` neither), so this is the small part that media
players need: one range per request (``a-b``, ``a-`` or the suffix ``-n``), 206 with Content-Range,
416 with ``Content-Range: bytes */N`` for a range the file cannot satisfy. Several ranges at once,
another unit, or an ``If-Range`` for another version get the whole file, as the RFC allows.
"""

import re

from django.http import HttpRequest, HttpResponse

RANGE_RE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})")


class Unsatisfiable(ValueError):
    """A bytes range that does not fit the file (or is not a bytes range at all)."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of the one range the header asks for; None to send the whole file.

    Raises Unsatisfiable for a bytes range that is malformed or lies past the file's end.
    """
    header = header.strip()
    if not header.lower().startswith("bytes=") or "," in header:
        return None  # another unit, or several ranges: the whole file is a valid answer
    match = RANGE_RE.fullmatch(header.replace(" ", "").lower())
    if match is None or not (match[1] or match[2]):
        raise Unsatisfiable(header)
    if not match[1]:  # the last n bytes
        length = int(match[2])
        if length == 0 or size == 0:
            raise Unsatisfiable(header)
        return max(0, size - length), size - 1
    first = int(match[1])
    last = min(int(match[2]), size - 1) if match[2] else size - 1
    if first >= size or (match[2] and int(match[2]) < first):
        raise Unsatisfiable(header)
    return first, last


def ranged(request: HttpRequest, body: bytes, content_type: str, etag: str) -> HttpResponse:
    """The file, or the range of it that the request asks for, saying that ranges are served."""
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    wanted = None
    if header and (if_range is None or if_range.strip() == etag):
        try:
            wanted = byte_range(header, len(body))
        except Unsatisfiable:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{len(body)}"
            response["Accept-Ranges"] = "bytes"
            return response
    if wanted is None:
        response = HttpResponse(body, content_type=content_type)
    else:
        first, last = wanted
        response = HttpResponse(body[first : last + 1], content_type=content_type, status=206)
        response["Content-Range"] = f"bytes {first}-{last}/{len(body)}"
    response["Accept-Ranges"] = "bytes"
    return response
