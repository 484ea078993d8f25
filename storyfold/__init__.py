"""storyfold: fold every copy of a news story into one verified account."""
