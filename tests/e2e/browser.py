"""What the browser tests share."""


def press(page, button) -> None:
    """Click a form's button and wait for the page its post leads to, so that what the test
    reads next is the new page and not the one being left (a read may otherwise win the race)."""
    with page.expect_navigation():
        button.click()
