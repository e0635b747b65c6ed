"""Typed application keys shared by the web app's handlers, in one place."""

from __future__ import annotations

from aiohttp import web

from dashboard.login_throttle import LoginThrottle
from dashboard.staff_config import StaffConfig
from domain.delivery import DeliveryPort
from domain.roles import StaffActor
from domain.sla import SlaRules
from handlers.chat.dispatcher import Dispatcher
from handlers.staff.actions import StaffActions
from storage.database import Database

# The database (units of work through ``app[DATABASE].uow()``) and the delivery port to people.
DATABASE = web.AppKey("database", Database)
DELIVERY = web.AppKey("delivery", DeliveryPort)
DISPATCHER = web.AppKey("dispatcher", Dispatcher)
STAFF_ACTIONS = web.AppKey("staff_actions", StaffActions)
SLA = web.AppKey("sla", SlaRules)  # deadlines shared by every channel (Open311 too)
STAFF_CONFIG = web.AppKey("staff_config", StaffConfig)
LOGIN_THROTTLE = web.AppKey("login_throttle", LoginThrottle)  # failed logins per address
# Set by the staff middleware on requests from a logged-in browser (see dashboard.auth).
STAFF_ACTOR = web.RequestKey("staff_actor", StaffActor)
CSRF_TOKEN = web.RequestKey("csrf_token", str)
# The Telegram bot's @username, set once Telegram is up (campaign invitation links).
BOT_USERNAME = web.AppKey("bot_username", str)
# Telegram chat of the leadership that receives the periodic reports' summaries (optional).
LEADERSHIP_CHAT_ID = web.AppKey("leadership_chat_id", str)
