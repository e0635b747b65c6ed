"""Words staff read about their own account.

Password change, two-factor login, recovery codes, e-mail to requesters.
"""

ACCOUNT_MESSAGES: dict[str, str] = {}
