"""Letters: find a template, check and fill its values, lay it out, print it."""
