"""Importing a duty table (XLSX, DOCX, CSV, text) into a draft rule set."""
