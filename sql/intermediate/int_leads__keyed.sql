-- Each lead record with the person it belongs to (SPEC §4.3): same email key = same person.
-- A lead without an email key is a person of its own. A record merged into another lead
-- (`merged_into_lead_id`, SPEC §4.1) belongs to that lead's person, whatever its own address.
select
    source,
    lead_id,
    case
        when merged_into_lead_id is null then coalesce(email_key, 'lead:' || source || ':' || lead_id)
        else coalesce(survivor_email_key, 'lead:' || source || ':' || merged_into_lead_id)
    end as person_key,
    email_key,
    email_domain,
    first_name,
    last_name,
    company,
    company_domain,
    created_at,
    created_at_time_unknown,
    lifecycle_stage,
    mql_at,
    mql_since,
    owner_id,
    channel,
    campaign_id,
    campaign_name,
    utm_campaign,
    merged_lead_ids,
    additional_email_keys,
    merged_into_lead_id,
    converted_contact_id,
    converted_deal_id
from stg_leads
