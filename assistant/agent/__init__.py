"""The conversational agent (tool loop, tools, slash commands, prompts). See `core.Agent`."""

from assistant.agent.core import Agent, Reply, strip_unknown_citations
from assistant.agent.tools import Event, ToolError

__all__ = ["Agent", "Reply", "Event", "ToolError", "strip_unknown_citations"]
