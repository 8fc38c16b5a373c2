"""Collecting evidence: the hook specifications and plugin manager, collectors, the HTTP
client, the collect configuration, running collectors with containment, the loopback server."""
