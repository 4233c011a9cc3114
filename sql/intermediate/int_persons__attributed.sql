-- One row per person: created at its earliest lead; channel, campaign and owner from the
-- earliest (first touch) or latest (last touch) lead, per cfg_settings.attribution.
with

leads as (

    select * from int_leads__keyed

),

settings as (

    select attribution from cfg_settings

),

free_mail as (

    select domain from cfg_free_mail_domains

),

ranked as (

    select
        leads.*,
        row_number() over (
            partition by person_key order by created_at asc, source asc, lead_id asc
        ) as first_touch_rank,
        row_number() over (
            partition by person_key order by created_at desc, source desc, lead_id desc
        ) as last_touch_rank
    from leads

),

summary as (

    select
        person_key,
        min(created_at) as created_at,
        min(lead_id) as min_lead_id,
        count(*) as count_leads,
        max(email_key) as email_key,
        max(email_domain) as email_domain,
        max(owner_id) as any_owner_id,
        max(
            case
                when lifecycle_stage in ('mql', 'sql', 'opportunity', 'customer') or mql_at is not null then 1
                else 0
            end
        ) as mql_flag
    from leads
    group by person_key

),

attributed as (

    select
        ranked.person_key,
        ranked.channel,
        ranked.campaign_id,
        ranked.campaign_name,
        ranked.owner_id
    from ranked
    cross join settings
    where (settings.attribution = 'first_touch' and ranked.first_touch_rank = 1)
        or (settings.attribution = 'last_touch' and ranked.last_touch_rank = 1)

)

select
    summary.person_key,
    summary.email_key,
    case when free_mail.domain is null then summary.email_domain end as business_email_domain,
    summary.created_at,
    summary.min_lead_id,
    summary.count_leads,
    summary.mql_flag = 1 as is_mql,
    attributed.channel,
    attributed.campaign_id,
    attributed.campaign_name,
    coalesce(attributed.owner_id, summary.any_owner_id) as owner_id
from summary
inner join attributed
    on attributed.person_key = summary.person_key
left join free_mail
    on free_mail.domain = summary.email_domain
