"""Spiders of the siteaudit Scrapy project."""
