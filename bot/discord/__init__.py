"""The Discord adapter: discord.py application commands, views and embeds over the chat layer.

- ``bot``: the client, its worker thread for core calls, and how replies are sent;
- ``nvidia_commands`` and ``admin_commands``: the ``/nvidia`` and ``/nvidia-admin`` groups;
- ``views``: the buttons under answers and the ask form; ``admin_forms``: the moderators' forms;
- ``moderating``: running a moderator's action and showing its outcome; ``permissions``: who may;
- ``messages``: mentions and direct messages; ``render``: every reply as embeds;
- ``app``: puts them together; ``run``: runs the bot until SIGTERM.
"""
