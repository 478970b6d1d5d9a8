// gdnotes widgets: entry point. Enhances every [data-gd-widget] element on the page.
