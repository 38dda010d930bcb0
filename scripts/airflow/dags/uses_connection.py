"""Uses the connection 'warehouse_db' at run time: it must exist on the target."""
import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

with DAG(
    dag_id="uses_connection",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["daily", "connection"],
    doc_md=__doc__,
):
    BashOperator(task_id="probe", bash_command="echo {{ conn.warehouse_db.host }}")
