"""The URL fetcher WeasyPrint gets: it serves the kit's assets and fonts and refuses every other
URL. This module imports WeasyPrint at its top: it is itself imported only when a PDF is made
(`render.pdf.safe_url_fetcher`)."""

from __future__ import annotations

import mimetypes
from typing import Any

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from cafedemarches.render.assets import is_allowed, local_path


class AssetsOnlyFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, data_urls: frozenset[str]) -> None:
        super().__init__(
            timeout=1,
            allowed_protocols=("file", "data"),
            allow_redirects=False,
            fail_on_errors=True,
        )
        self._data_urls = data_urls

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:") and url in self._data_urls:
            return super().fetch(url, headers)
        if not is_allowed(url):
            # The URL itself is left out of the message: it could carry typed text.
            scheme = url.split(":", 1)[0][:10] if ":" in url else "?"
            raise FatalURLFetchingError(
                f"ressource refusée (adresse « {scheme}: » hors des fichiers du kit)"
            )
        path = local_path(url)
        assert path is not None
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".css":
            mime = "text/css"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), {"Content-Type": mime}, status=200
        )
