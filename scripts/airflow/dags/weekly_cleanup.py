"""Weekly preset schedule, catchup off."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="weekly_cleanup",
    schedule="@weekly",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["weekly"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="vacuum")
