"""A chat bot answering questions on NVIDIA's European AI-infrastructure announcements, with sources."""
