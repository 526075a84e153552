"""The Scrapy project: spiders, extraction, middlewares and pipelines into the store."""
