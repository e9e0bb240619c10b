"""HTML -> PDF: the safe fetcher, the fonts, the shared stylesheet, the private output folder."""
