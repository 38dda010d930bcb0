"""Reads the Airflow Variable 'report_recipient' at run time: it must exist on the target."""
import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

with DAG(
    dag_id="reads_variable",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["daily", "variable"],
    doc_md=__doc__,
):
    BashOperator(task_id="notify", bash_command="echo {{ var.value.report_recipient }}")
