-- Each lead with the person it belongs to (SPEC §4.3): same email key = same person.
-- A lead without an email key is a person of its own.
select
    source,
    lead_id,
    coalesce(email_key, 'lead:' || source || ':' || lead_id) as person_key,
    email_key,
    email_domain,
    company_domain,
    created_at,
    lifecycle_stage,
    mql_at,
    owner_id,
    channel,
    campaign_id,
    campaign_name,
    utm_campaign,
    merged_lead_ids,
    additional_email_keys
from stg_leads
