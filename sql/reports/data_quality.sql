-- Match coverage of the whole data set (SPEC §6 `dataQuality`), not of one week.
with

deal_counts as (

    select
        coalesce(sum(case when is_marketing_sourced then 1 else 0 end), 0) as deals_matched,
        coalesce(sum(case when is_marketing_sourced then 0 else 1 end), 0) as deals_unmatched
    from fct_deals

),

lead_counts as (

    select coalesce(sum(case when email_key is null then 1 else 0 end), 0) as leads_without_email
    from int_leads__keyed
    where merged_into_lead_id is null

)

select deal_counts.deals_matched, deal_counts.deals_unmatched, lead_counts.leads_without_email
from deal_counts
cross join lead_counts
