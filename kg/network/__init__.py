"""Network analytics of the napkg graph (placeholder)."""
