"""Cron schedule every 15 minutes, catchup off."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="every_15_minutes",
    schedule="*/15 * * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["cron"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="poll")
