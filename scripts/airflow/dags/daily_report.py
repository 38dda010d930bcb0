"""Daily, catchup off, with a task that really runs on the executor."""
import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

with DAG(
    dag_id="daily_report",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["daily"],
    doc_md=__doc__,
):
    BashOperator(task_id="render", bash_command="echo 'report for {{ ds }}'")
