"""Words officers read in the queue's daily work.

Assignment, «Việc của tôi», bulk actions, the new-reports banner, canned replies.
"""

DASHBOARD_QUEUE_MESSAGES: dict[str, str] = {}
