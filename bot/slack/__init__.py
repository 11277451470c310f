"""The Slack adapter: Bolt listeners, Block Kit and the HTTP and Socket Mode runners over the chat layer."""
