"""Broadcast campaigns about Kết luận 72-KL/TW: audiences, approval, scheduling, sending."""
