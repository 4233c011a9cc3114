-- What marketing's claim rests on, for the head of sales: the week's deals by how they were
-- matched to a marketing lead (conversion, email, domain) or not at all (sales-sourced).
-- Opportunities and pipeline: deals created in W; won: deals closed won in W. Parameters: week
-- start and end (UTC instants of local Monday 00:00).
with

params as (

    select
        cast(? as timestamp) as week_start,
        cast(? as timestamp) as week_end

),

week_deals as (

    select
        coalesce(fct_deals.match_method, 'sales_sourced') as basis,
        fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end as is_new,
        fct_deals.is_won and fct_deals.closed_at >= params.week_start
            and fct_deals.closed_at < params.week_end as is_won_in_week,
        fct_deals.amount_converted
    from fct_deals
    cross join params
    where (fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end)
        or (fct_deals.closed_at >= params.week_start and fct_deals.closed_at < params.week_end)

)

select
    basis,
    coalesce(sum(case when is_new then 1 else 0 end), 0) as opportunities,
    coalesce(sum(case when is_new then amount_converted end), 0) as pipeline,
    coalesce(sum(case when is_won_in_week then 1 else 0 end), 0) as won_deals,
    coalesce(sum(case when is_won_in_week then amount_converted end), 0) as won_revenue
from week_deals
group by basis
order by basis
