"""Campaigns as data: a TOML file describes phases, deliverables, check items and unit categories."""

from huikan.campaigns.spec import (
    CampaignSpec,
    CategorySpec,
    DeliverableSpec,
    ItemSpec,
    PhaseSpec,
    Schedule,
    default_campaign_path,
    load_campaign,
)

__all__ = [
    "CampaignSpec",
    "CategorySpec",
    "DeliverableSpec",
    "ItemSpec",
    "PhaseSpec",
    "Schedule",
    "default_campaign_path",
    "load_campaign",
]
