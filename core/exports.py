"""What every CSV export shares: cells a spreadsheet shows as text, never as a formula."""

# Characters that make a spreadsheet read a cell as a formula or split it (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", ";", "|")


def csv_safe(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading formula or separator character is escaped with a quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text
