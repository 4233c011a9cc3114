-- Per-channel figures of one week (SPEC §5 `channels`). Leads by person channel, spend by
-- spend-row channel, deals by the channel of their attributed person; deals without a
-- matched person are sales-sourced and listed as `unattributed`.
with

params as (

    select
        cast(? as timestamp) as week_start,
        cast(? as timestamp) as week_end,
        cast(? as date) as start_date,
        cast(? as date) as end_date

),

lead_rows as (

    select coalesce(fct_persons.channel, 'other') as channel, 1 as leads,
        0.0 as spend, 0 as opportunities, 0 as marketing_sourced_opportunities, 0.0 as won_revenue
    from fct_persons
    cross join params
    where fct_persons.created_at >= params.week_start and fct_persons.created_at < params.week_end

),

spend_rows as (

    select fct_spend.channel, 0 as leads,
        fct_spend.cost_converted as spend, 0 as opportunities, 0 as marketing_sourced_opportunities,
        0.0 as won_revenue
    from fct_spend
    cross join params
    where fct_spend.spend_date >= params.start_date and fct_spend.spend_date < params.end_date

),

deal_rows as (

    select
        case when fct_deals.is_marketing_sourced then coalesce(fct_deals.channel, 'other') else 'unattributed' end
            as channel,
        0 as leads,
        0.0 as spend,
        case when fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end
            then 1 else 0 end as opportunities,
        case when fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end
            and fct_deals.is_marketing_sourced then 1 else 0 end as marketing_sourced_opportunities,
        case when fct_deals.is_won and fct_deals.closed_at >= params.week_start
            and fct_deals.closed_at < params.week_end then coalesce(fct_deals.amount_converted, 0) else 0 end
            as won_revenue
    from fct_deals
    cross join params
    where (fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end)
        or (fct_deals.is_won and fct_deals.closed_at >= params.week_start and fct_deals.closed_at < params.week_end)

),

unioned as (

    select * from lead_rows
    union all
    select * from spend_rows
    union all
    select * from deal_rows

)

select
    channel,
    sum(leads) as leads,
    sum(spend) as spend,
    sum(opportunities) as opportunities,
    sum(marketing_sourced_opportunities) as marketing_sourced_opportunities,
    sum(won_revenue) as won_revenue,
    -- Per channel: its spend against its own leads, marketing-sourced opportunities and revenue;
    -- null for a channel without spend (organic, referral: no cost to judge).
    case when sum(spend) > 0 then cast(sum(spend) as double) / nullif(sum(leads), 0) end as cpl,
    case when sum(spend) > 0
        then cast(sum(spend) as double) / nullif(sum(marketing_sourced_opportunities), 0) end as cost_per_opportunity,
    cast(sum(won_revenue) as double) / nullif(sum(spend), 0) as roas
from unioned
group by channel
order by channel
