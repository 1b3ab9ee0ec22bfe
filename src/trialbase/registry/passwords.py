"""Password hashing (argon2id through ``argon2-cffi``) and what a password must be.

The cost (memory and passes) comes from the settings; a hash records its own parameters, so
changing them affects new passwords only and old ones still verify.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # hashing cost grows with length; nobody types more
NO_PASSWORD = "!"  # what an account holds until its person sets a password with a reset link
_ARGON2 = "$argon2"


class PasswordHashing:
    def __init__(self, *, memory_kib: int, time_cost: int) -> None:
        self._hasher = PasswordHasher(memory_cost=memory_kib, time_cost=time_cost)
        # Verified when a user name is unknown, so a wrong name takes as long as a wrong password.
        self._dummy = self._hasher.hash("not a real password, only spends the same time")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether ``password`` matches; an absent hash (or ``NO_PASSWORD``) still costs one
        verification, so no answer is quicker than another."""
        usable = password_hash if password_hash and password_hash.startswith(_ARGON2) else None
        try:
            matches = self._hasher.verify(usable or self._dummy, password)
        except (VerificationError, InvalidHashError):
            return False
        return matches and usable is not None


def password_problem(password: str, username: str) -> str | None:
    """Why this password cannot be used, or None."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"a password may have at most {MAX_LENGTH} characters"
    if password.strip().lower() == username.lower():
        return "the password must not be the user name"
    return None
