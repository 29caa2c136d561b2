"""multipart/form-data parsed as it arrives (python-multipart's streaming parser), for the ingest pipeline.

The framework never spools the body: fields are collected (bounded), and the one file part is
handed on chunk by chunk, never held whole. `StreamingForm` is an `ingest.IncomingFile`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from app.errors import DomainError, Invalid, TooLarge, UnsupportedMediaType

# Form fields besides the file: a few KiB normally; the limit bounds what is held in memory.
MAX_FORM_FIELDS_BYTES = 256 * 1024
MAX_FORM_PARTS = 50


class StreamingForm:
    """A form with one file part (`file`, or any part with a filename) and text fields around it."""

    def __init__(
        self, body: AsyncIterator[bytes], content_type: str | None, content_length: str | None = None
    ) -> None:
        ctype, params = parse_options_header(content_type or "")
        boundary = params.get(b"boundary")
        if ctype != b"multipart/form-data" or not boundary:
            raise UnsupportedMediaType(
                "Send the file as multipart/form-data (a 'file' part plus optional fields), "
                "or use the resumable tus endpoint .../uploads"
            )
        self._body = body
        length = content_length or ""
        # Whatever the body holds beyond the fields' allowance is file.
        self.least_size = int(length) - MAX_FORM_FIELDS_BYTES if length.isdigit() else None
        self.fields: dict[str, str] = {}
        self.filename: str | None = None
        self._field_bytes = 0
        self._parts = 0
        self._file_started = False
        self._file_ended = False
        self._in_file = False
        self._data: deque[bytes] = deque()
        self._headers: dict[bytes, bytes] = {}
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._field_name: str | None = None
        self._field_value = bytearray()
        self._error: DomainError | None = None
        self._parser = MultipartParser(
            boundary,
            callbacks={
                "on_part_begin": self._on_part_begin,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
            },
        )

    # ---- ingest.IncomingFile ----------------------------------------------------------------------------

    async def details(self) -> dict[str, str]:
        """The fields before the file, up to its first bytes; 422 if there is no file."""
        while not self._file_started:
            if not await self._pump():
                raise Invalid(
                    "No file in the form: send it as a part named 'file'",
                    errors=[{"loc": ["body", "file"], "msg": "required"}],
                )
        return self._details()

    async def chunks(self) -> AsyncIterator[bytes]:
        while True:
            while self._data:
                yield self._data.popleft()
            if self._file_ended:
                return
            if not await self._pump():
                raise Invalid("The request body ended in the middle of the file")

    async def all_details(self) -> dict[str, str]:
        """Every field, once what follows the file is parsed too."""
        while await self._pump():
            pass
        return self._details()

    def _details(self) -> dict[str, str]:
        return {**self.fields, "filename": self.filename or ""}

    # ---- parser callbacks (synchronous, called from `write`) ---------------------------------------------

    def _on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_FORM_PARTS:
            self._fail(Invalid(f"More than {MAX_FORM_PARTS} form parts"))
        self._headers = {}
        self._field_name = None
        self._field_value = bytearray()
        self._in_file = False

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        self._headers[bytes(self._header_field).lower()] = bytes(self._header_value)
        self._header_field = bytearray()
        self._header_value = bytearray()

    def _on_headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in params or name == "file":
            if self._file_started:
                self._fail(Invalid("Send one file per request"))
                return
            self._file_started = True
            self._in_file = True
            self.filename = params.get(b"filename", b"").decode("utf-8", "replace") or None
        else:
            self._field_name = name

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file:
            self._data.append(bytes(data[start:end]))
        elif self._field_name is not None:
            self._field_bytes += end - start
            if self._field_bytes > MAX_FORM_FIELDS_BYTES:
                self._fail(TooLarge(f"Form fields besides the file exceed {MAX_FORM_FIELDS_BYTES} bytes"))
                return
            self._field_value += data[start:end]

    def _on_part_end(self) -> None:
        if self._in_file:
            self._in_file = False
            self._file_ended = True
        elif self._field_name:
            self.fields[self._field_name] = self._field_value.decode("utf-8", "replace")

    def _fail(self, error: DomainError) -> None:
        if self._error is None:
            self._error = error

    async def _pump(self) -> bool:
        """Parse the next piece of the body; False at its end."""
        try:
            chunk = await self._body.__anext__()
        except StopAsyncIteration:
            self._parser.finalize()
            return False
        try:
            self._parser.write(chunk)
        except MultipartParseError as exc:
            raise Invalid(f"Malformed multipart body: {exc}") from exc
        if self._error is not None:
            raise self._error
        return True
