"""What the bot does with a message. Channel-agnostic: in = Incoming, out = list of Reply."""
