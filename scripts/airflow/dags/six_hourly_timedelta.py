"""Schedule given as a timedelta (a delta timetable, not cron)."""
from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="six_hourly_timedelta",
    schedule=timedelta(hours=6),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["delta"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="sync")
