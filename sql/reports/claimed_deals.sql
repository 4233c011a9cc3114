-- Every marketing-sourced deal of the week, largest first (amount in the reporting currency):
-- created in W (new pipeline) or closed won in W, each with how it was matched and the lead
-- that claims it, so the head of sales can check the claim deal by deal. All of them: the
-- email shows the largest ten, the drill-down CSV every one. Parameters: week start and end
-- (UTC instants of local Monday 00:00).
with

params as (

    select
        cast(? as timestamp) as week_start,
        cast(? as timestamp) as week_end

),

claimed as (

    select
        fct_deals.source,
        fct_deals.deal_id,
        fct_deals.name,
        fct_deals.account_name,
        fct_deals.amount_converted,
        fct_deals.is_won and fct_deals.closed_at >= params.week_start
            and fct_deals.closed_at < params.week_end as is_won_in_week,
        fct_deals.match_method,
        fct_persons.email_key as lead_email,
        fct_deals.channel,
        fct_deals.campaign_name
    from fct_deals
    cross join params
    inner join fct_persons
        on fct_persons.person_key = fct_deals.person_key
    where fct_deals.is_marketing_sourced
        and ((fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end)
            or (fct_deals.is_won and fct_deals.closed_at >= params.week_start
                and fct_deals.closed_at < params.week_end))

)

select *
from claimed
order by coalesce(amount_converted, 0) desc, source, deal_id
