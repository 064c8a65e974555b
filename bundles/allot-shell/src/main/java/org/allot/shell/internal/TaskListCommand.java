package org.allot.shell.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.allot.api.operator.Operator;
import org.allot.api.operator.TaskView;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "allot", name = "task-list", description = "Lists the tasks that have not ended, with their state and resources")
public class TaskListCommand extends OperatorCommandSupport {

    @Option(name = "--framework", description = "Only the tasks of this framework id")
    String framework;

    @Override
    protected List<String> headers() {
        return List.of("Task", "Name", "Framework", "Agent", "State", "Resources");
    }

    @Override
    protected List<List<Object>> rows(Operator operator) {
        return operator.tasks().stream()
                .filter(task -> framework == null || task.frameworkId().toString().equals(framework))
                .map(TaskListCommand::row)
                .collect(Collectors.toList());
    }

    static List<Object> row(TaskView task) {
        return List.of(task.taskId(), task.name(), task.frameworkId(), task.agentId(), task.state(),
                text(task.resources()));
    }
}
