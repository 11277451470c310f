"""The Slack adapter, laid out like bolt-python: an app that knows no transport, and adapters that import it.

- ``app``: ``build_app``, the Bolt app with its Web API client and every listener;
- ``listeners/``: one module per kind of request (the command, events, buttons, the edit form);
- ``bot``: what the listeners share (knowledge base, rate limits, seen events) and how replies are sent;
- ``admin``: ``/nvidia admin`` over the shared grammar and moderation; ``permissions``: who is a moderator;
- ``blocks``, ``render``, ``buttons``, ``admin_blocks``, ``markup``: Block Kit out, Slack's markup in;
- ``http`` (WSGI app, threaded server, ``run_http``), ``wsgi`` (gunicorn's ``app``), ``socket_mode``.
"""
