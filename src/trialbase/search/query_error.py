"""A search that cannot be run as asked: what is wrong, and where in the query."""

from __future__ import annotations


class QueryError(ValueError):
    """Raised for a query or filter that cannot be compiled (unknown field, bad range, ...).

    ``column`` is 1-based within the query text it came from, when known; ``parameter`` names the
    request parameter (``query.cond``, ``filter.advanced``, ``aggFilters``...) once the engine
    knows it.
    """

    def __init__(self, message: str, *, column: int | None, code: str, parameter: str | None = None) -> None:
        self.message = message
        self.column = column
        self.code = code
        self.parameter = parameter
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.parameter:
            where.append(f"in {self.parameter}")
        if self.column is not None:
            where.append(f"at column {self.column}")
        return f"{self.message} ({', '.join(where)})" if where else self.message

    def in_parameter(self, parameter: str) -> QueryError:
        return QueryError(self.message, column=self.column, code=self.code, parameter=parameter)
