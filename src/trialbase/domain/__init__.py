"""The domain layer: pure Python, no I/O.

The study document model, enums, NCT ids, partial dates, ages and validation findings.
"""
