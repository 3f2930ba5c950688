"""The crawler: fetches a site the way a search engine does and hands records to storage."""
