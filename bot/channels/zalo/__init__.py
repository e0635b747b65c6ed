"""The Zalo channel over the Zalo Bot Platform API (``POST {base}/bot{token}/{method}``)."""
