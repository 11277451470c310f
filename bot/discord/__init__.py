"""The Discord adapter: discord.py application commands, views and embeds over the chat layer."""
