"""Slash commands end to end: the real discord.py client against the fake Discord on loopback.

Each test sends what Discord would (INTERACTION_CREATE through the gateway) and asserts what a
member of the server would see: the deferral (callback type 5, ephemeral or not), then the
follow-ups' embeds, always sent with mentions disabled.
"""

from __future__ import annotations

import pytest
from discord_harness import EPHEMERAL, Bot, ask, pings_nobody, shown
from fake_discord import (
    APP_ID,
    BOT_ID,
    CHANNEL_ID,
    EDITOR_ROLE_ID,
    GUILD_ID,
    MANAGE_GUILD,
    OTHER_CHANNEL_ID,
    USER_ID,
    VIEW_AND_SEND,
    click,
    member,
    mention,
    slash,
    text_channel,
    thread_channel,
    typing_option,
    user,
)

pytestmark = pytest.mark.slow  # the store holds the samples parsed with the spaCy model

DEFER = 5  # deferred channel message: "briefbot is thinking…"
DEFER_UPDATE = 6  # deferred update of the message a button is on


async def test_login_syncs_the_commands_to_the_dev_guild_with_only_unprivileged_intents(
    discord_bot: Bot,
) -> None:
    fake = discord_bot.fake
    [sync] = fake.find("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    commands = {c["name"]: c for c in sync.body}
    assert set(commands) == {"who", "claims", "sources", "summary", "digest", "help", "brief"}
    assert all(c["description"] for c in sync.body)
    claims = {o["name"]: o for o in commands["claims"]["options"]}
    assert claims["by"]["autocomplete"] and claims["about"]["autocomplete"] and claims["by"]["type"] == 3
    assert claims["words"]["description"] == "Words the claim contains"
    assert {o["name"] for o in commands["brief"]["options"]} >= {"help", "feeds", "subscribe", "schedule"}
    intents = fake.identified[0]["intents"]
    assert intents == (1 << 0) | (1 << 9)  # guilds, guild messages: no privileged intent


async def test_who_is_deferred_then_answered_in_the_open_with_embeds(discord_bot: Bot) -> None:
    callback, [answer] = await ask(discord_bot, slash("who"))
    assert callback.body["type"] == DEFER and not (callback.body.get("data") or {}).get("flags")
    assert pings_nobody(answer)
    assert not answer.body.get("flags", 0) & EPHEMERAL
    [embed] = answer.body["embeds"]
    assert embed["title"].startswith("Who is in the news")
    assert "Aigerim Sadykova" in shown(answer) and "Names 1–8" in shown(answer)
    [row] = answer.body["components"]
    [button] = row["components"]
    assert (button["label"], button["custom_id"]) == ("More", "briefbot:more:who:8::")
    event = discord_bot.events[-1]
    assert (event.platform, event.workspace_id, event.channel, event.thread) == (
        "discord", str(GUILD_ID), str(CHANNEL_ID), None,
    )  # fmt: skip
    assert (event.command, event.text, event.user, event.is_mention) == ("who", "", str(USER_ID), False)
    assert not event.user_is_admin

    # the click on "More" comes back as "more TOKEN" and is answered with the next page
    message = discord_bot.fake.message(CHANNEL_ID, answer.body)
    pressed = click(button["custom_id"], message)
    callback, [page2] = await ask(discord_bot, pressed)
    assert callback.body["type"] == DEFER_UPDATE  # no "thinking": the page follows as a new message
    [edit] = discord_bot.fake.find("PATCH", f"/webhooks/{APP_ID}/{pressed['token']}/messages/@original")
    assert edit.body["components"] == []  # the button is gone from the page it continued
    assert discord_bot.events[-1].text == "more who:8::" and discord_bot.events[-1].command is None
    assert "Names 9–" in shown(page2) and pings_nobody(page2) and not page2.body.get("flags", 0) & EPHEMERAL


async def test_claim_options_become_the_argument_text(discord_bot: Bot) -> None:
    options = {"words": "fares", "by": "Rhodri Pennant", "about": "Cardiff Capital Transit"}
    _, [answer] = await ask(discord_bot, slash("claims", options))
    assert discord_bot.events[-1].text == "fares by Rhodri Pennant about Cardiff Capital Transit"
    assert "by Rhodri Pennant" in shown(answer) and pings_nobody(answer)
    await ask(discord_bot, slash("sources", {"words": "ignored", "article": 3}))
    assert discord_bot.events[-1].text == "article 3"
    await ask(discord_bot, slash("brief", {"feed": "https://feeds.example/rss"}, sub="subscribe"))
    assert (discord_bot.events[-1].command, discord_bot.events[-1].text) == (
        "brief", "subscribe https://feeds.example/rss",
    )  # fmt: skip


async def test_help_is_deferred_privately_and_answered_to_the_asker_only(discord_bot: Bot) -> None:
    callback, answers = await ask(discord_bot, slash("help"))
    assert callback.body["type"] == DEFER and callback.body["data"]["flags"] == EPHEMERAL
    assert answers and all(a.body["flags"] & EPHEMERAL for a in answers)
    assert "What briefbot answers" in shown(answers[0])


async def test_a_mistake_in_a_public_command_is_told_to_the_asker_only(discord_bot: Bot) -> None:
    payload = slash("claims", {"words": "by"})  # "by" and no name: a UserError that says how to fix it
    callback, [answer] = await ask(discord_bot, payload)
    assert callback.body["type"] == DEFER and not (callback.body.get("data") or {}).get("flags")
    token = payload["token"]
    assert discord_bot.fake.find(
        "DELETE", f"/webhooks/{APP_ID}/{token}/messages/@original"
    )  # no public "thinking"
    assert answer.body["flags"] & EPHEMERAL
    assert "Say who after “by”" in shown(answer)


async def test_hostile_article_text_is_escaped_and_pings_nobody(discord_bot: Bot) -> None:
    _, [answer] = await ask(discord_bot, slash("who", {"name": "Mara Vell"}))
    text = shown(answer)
    assert "Mara Vell" in text and "Board \\*\\*votes\\*\\*" in text
    assert "@everyone" not in text and "<@&" not in text and "@\u200beveryone" in text
    assert "<@\u200b&900000000000000030>" in text
    assert pings_nobody(answer)
    _, [claims] = await ask(discord_bot, slash("claims", {"words": "fares"}))  # the Cardiff sample
    assert "@everyone" not in shown(claims) and pings_nobody(claims)


async def test_names_autocomplete_from_the_store(discord_bot: Bot) -> None:
    payload = typing_option("who", "name", "sadyk")
    await discord_bot.fake.dispatch("INTERACTION_CREATE", payload)
    path = f"/interactions/{payload['id']}/{payload['token']}/callback"
    await discord_bot.fake.wait_for(lambda calls: any(c.path == path for c in calls))
    [callback] = discord_bot.fake.find("POST", path)
    assert callback.body["type"] == 8
    assert {"name": "Aigerim Sadykova", "value": "Aigerim Sadykova"} in callback.body["data"]["choices"]


async def test_an_admin_is_one_with_manage_server_or_the_configured_role(discord_bot: Bot) -> None:
    await ask(discord_bot, slash("brief", sub="feeds", permissions=VIEW_AND_SEND | MANAGE_GUILD))
    assert discord_bot.events[-1].user_is_admin
    editor = member(USER_ID, "editor", roles=(EDITOR_ROLE_ID,))  # DISCORD_ADMIN_ROLE=Editors
    await ask(discord_bot, slash("brief", sub="feeds", who=editor))
    assert discord_bot.events[-1].user_is_admin
    await ask(discord_bot, slash("brief", sub="feeds"))
    assert not discord_bot.events[-1].user_is_admin


async def test_a_command_in_a_thread_names_the_parent_channel_and_the_thread(discord_bot: Bot) -> None:
    thread = thread_channel(960000000000000001, CHANNEL_ID)
    await ask(discord_bot, slash("sources", channel=thread))
    event = discord_bot.events[-1]
    assert (event.channel, event.thread) == (str(CHANNEL_ID), "960000000000000001")


async def test_a_mention_in_a_channel_is_answered_as_a_reply_and_bots_are_ignored(discord_bot: Bot) -> None:
    fake = discord_bot.fake
    from_bot = mention("who", bot=True)
    await fake.dispatch("MESSAGE_CREATE", from_bot)
    asked = mention("who is Sadykova?")
    await fake.dispatch("MESSAGE_CREATE", asked)
    path = f"/channels/{CHANNEL_ID}/messages"
    await fake.wait_for(lambda calls: any(c.path == path for c in calls))
    [answer] = fake.find("POST", path)
    assert str(answer.body["message_reference"]["message_id"]) == asked["id"]
    assert answer.body["allowed_mentions"] == {"parse": [], "replied_user": False}  # the asker: no ping
    assert "Aigerim Sadykova" in shown(answer)
    [event] = discord_bot.events  # the bot's message was not answered
    assert event.is_mention and event.command is None and event.event_id == asked["id"]
    assert event.text == "who is Sadykova?"  # the bot's own mention is not part of the question


async def test_a_mention_anywhere_and_other_markup_become_plain_words(discord_bot: Bot) -> None:
    asked = mention(f"thanks <@!{BOT_ID}>, who said <@{USER_ID}> or <@&{EDITOR_ROLE_ID}> in <#{CHANNEL_ID}>?")
    asked["mentions"].append(user(USER_ID, "Nino"))
    asked["mention_roles"] = [str(EDITOR_ROLE_ID)]
    await discord_bot.fake.dispatch("MESSAGE_CREATE", asked)
    await discord_bot.fake.wait_for(
        lambda calls: any(c.path == f"/channels/{CHANNEL_ID}/messages" for c in calls)
    )
    assert discord_bot.events[-1].text == "thanks, who said @Nino or @Editors in #news?"


async def test_settings_are_refused_politely_to_members_who_are_not_admins(discord_bot: Bot) -> None:
    callback, [answer] = await ask(discord_bot, slash("brief", sub="pause"))
    assert callback.body["data"]["flags"] == EPHEMERAL and answer.body["flags"] & EPHEMERAL
    assert "Only admins can change" in shown(answer)
    editor = member(USER_ID, "editor", roles=(EDITOR_ROLE_ID,))
    _, [allowed] = await ask(discord_bot, slash("brief", sub="pause", who=editor))
    assert "Only admins" not in shown(allowed) and allowed.body["flags"] & EPHEMERAL


async def test_digest_now_posts_the_digest_here_and_tells_the_asker_only(discord_bot: Bot) -> None:
    fake = discord_bot.fake
    room = text_channel(CHANNEL_ID + 500, "morning")
    fake.channels[int(room["id"])] = room
    callback, [answer] = await ask(discord_bot, slash("digest", {"action": "now"}, channel=room))
    assert callback.body["data"]["flags"] == EPHEMERAL and answer.body["flags"] & EPHEMERAL
    posted = fake.find("POST", f"/channels/{room['id']}/messages")
    assert len(posted) >= 4 and all(pings_nobody(p) for p in posted)
    assert f"Posted the digest to this channel: {len(posted) - 1} stories" in shown(answer)


async def test_a_private_preview_pages_privately(discord_bot: Bot) -> None:
    room = text_channel(CHANNEL_ID + 600, "preview")
    _, [preview] = await ask(discord_bot, slash("digest", {"action": "preview"}, channel=room))
    assert preview.body["flags"] & EPHEMERAL and "Only you see this preview" in shown(preview)
    [row] = preview.body["components"]
    message = discord_bot.fake.message(int(room["id"]), preview.body)
    callback, [page2] = await ask(discord_bot, click(row["components"][0]["custom_id"], message))
    assert callback.body["type"] == DEFER_UPDATE and page2.body["flags"] & EPHEMERAL  # still private


async def test_a_mention_in_a_thread_the_client_knows_needs_no_lookup(discord_bot: Bot) -> None:
    fake = discord_bot.fake
    thread = fake.add_thread(960000000000000777, OTHER_CHANNEL_ID)
    await fake.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
    asked = mention("sources", channel_id=960000000000000777)
    await fake.dispatch("MESSAGE_CREATE", asked)
    path = "/channels/960000000000000777/messages"
    await fake.wait_for(lambda calls: any(c.path == path for c in calls))
    [answer] = fake.find("POST", path)
    assert "message_reference" not in answer.body and pings_nobody(answer)
    assert not fake.find("GET", "/channels/960000000000000777")
    event = discord_bot.events[-1]
    assert (event.channel, event.thread) == (str(OTHER_CHANNEL_ID), "960000000000000777")
