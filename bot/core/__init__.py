"""The platform-free core: data, matching, answers and curation."""
